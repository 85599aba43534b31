/** Plain-words descriptions of the model's patterns, for messages and hover. */
export const PATTERN_HINTS: Readonly<Record<string, string>> = {
  'https://.*': 'an https:// URL on one line',
  '[a-zA-Z0-9-/_]*': 'only letters, digits, "-", "/" and "_"',
  '[a-zA-Z0-9-]*': 'only letters, digits and "-"',
  '.*': 'a single line (no line breaks)',
  '([_a-zA-Z][_a-zA-Z0-9]*::)*[_a-zA-Z][_a-zA-Z0-9]*': 'a Cedar entity type name such as MyCorp::Group',
  'arn:[a-zA-Z0-9-]+:cognito-idp:(([a-zA-Z0-9-]+:\\d{12}:userpool/[\\w-]+_[0-9a-zA-Z]+))':
    'a Cognito user pool ARN: arn:aws:cognito-idp:<region>:<12-digit account>:userpool/<region>_<id>',
};

const compiled = new Map<string, RegExp>();

/** The model's pattern as a full-match ECMAScript regular expression (no flags: `.` stops at line breaks). */
export function fullMatch(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`);
    compiled.set(pattern, re);
  }
  return re;
}
