/**
 * Fills a phrase's `{variables}` with what the seat knows (seat number and
 * agent name from the profile); the ones only the call can tell
 * ({callerName}, {referralNumber}, …) stay visible as placeholders for the
 * agent to say in their own words.
 */

export type PhraseSegment = { readonly text: string; readonly variable: string | null };

export function fillPhrase(text: string, values: Readonly<Record<string, string>>): PhraseSegment[] {
  const segments: PhraseSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(/\{([A-Za-z]\w{0,31})\}/g)) {
    const index = match.index;
    if (index > at) segments.push({ text: text.slice(at, index), variable: null });
    const name = match[1] as string;
    const value = values[name];
    segments.push(value !== undefined && value !== '' ? { text: value, variable: null } : { text: match[0], variable: name });
    at = index + match[0].length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), variable: null });
  // Merge neighbouring plain text so the copy is one string.
  return segments.reduce<PhraseSegment[]>((out, s) => {
    const last = out[out.length - 1];
    if (last && last.variable === null && s.variable === null) out[out.length - 1] = { text: last.text + s.text, variable: null };
    else out.push(s);
    return out;
  }, []);
}

export function phraseText(segments: readonly PhraseSegment[]): string {
  return segments.map((s) => s.text).join('');
}
