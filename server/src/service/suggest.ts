/** "Did you mean": the closest candidate by case-insensitive match, then by edit distance. */

export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const lower = word.toLowerCase();
  const caseMatch = list.find(c => c.toLowerCase() === lower);
  if (caseMatch) return caseMatch;
  const squashed = lower.replace(/[-_\s]/g, '');
  const squashMatch = list.find(c => c.toLowerCase().replace(/[-_\s]/g, '') === squashed);
  if (squashMatch) return squashMatch;
  const max = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of list) {
    const d = editDistance(lower, c.toLowerCase(), max);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
