/**
 * Text we put into a SIP display name (the agent's name or seat number in
 * From): SIP.js writes it between double quotes as given, so a `"`, a `\`
 * or a line break in it would end the quoted string or the header and let
 * the text forge header fields. Here it becomes the inside of a valid
 * RFC 3261 quoted-string: control characters (CR, LF, NUL, …) dropped,
 * whitespace collapsed, `\` and `"` escaped as quoted-pairs, length capped.
 */
const controls = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export const maxDisplayNameLength = 64;

/** The inside of the quoted display name (SIP.js adds the surrounding quotes). */
export function quotedStringContent(text: string): string {
  const plain = text.replace(controls, ' ').replace(/\s+/g, ' ').trim().slice(0, maxDisplayNameLength);
  return plain.replace(/[\\"]/g, (c) => `\\${c}`);
}
