/** Minimal XML writing for EC2 Query responses: escaping, elements, the response envelope and the error document. */

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** An element holding text (escaped); empty text gives `<name/>`; undefined gives nothing. */
export function text(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const s = escapeXml(String(value));
  return s === '' ? `<${name}/>` : `<${name}>${s}</${name}>`;
}

/** An element holding already-rendered children; undefined gives nothing. */
export function el(name: string, children: string | undefined): string {
  if (children === undefined) return '';
  return children === '' ? `<${name}/>` : `<${name}>${children}</${name}>`;
}

/** A list as EC2 renders it: `<nameSet><item>…</item></nameSet>`. */
export function set<T>(name: string, items: readonly T[] | undefined, render: (item: T) => string): string {
  if (items === undefined) return '';
  return el(name, items.map(i => el('item', render(i))).join(''));
}

/** `<ActionResponse xmlns=…><requestId>…</requestId>…</ActionResponse>`. */
export function responseDocument(action: string, requestId: string, body: string): string {
  return `${DECLARATION}<${action}Response xmlns="${EC2_NAMESPACE}">${text('requestId', requestId)}${body}</${action}Response>\n`;
}

/** `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…</RequestID></Response>`. */
export function errorDocument(code: string, message: string, requestId: string): string {
  return `${DECLARATION}<Response><Errors><Error>${text('Code', code)}${text('Message', message)}</Error></Errors>${text('RequestID', requestId)}</Response>\n`;
}
