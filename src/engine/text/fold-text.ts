/**
 * Text as the engine compares it: compatibility forms as plain ones (NFKD: the letters of "fancy text"
 * keyboards, 𝐀𝐘𝐔𝐃𝐀 or ＡＹＵＤＡ, and full-width digits), without accents and other marks, without
 * invisible format characters (a zero-width space or soft hyphen pasted into a word), in lower case.
 * Her words, answers, dates and code word are all folded this way before anything else reads them.
 *
 * @example
 * foldText('¡AYÚDA!')     // '¡ayuda!'
 * foldText('𝗦𝗶')          // 'si'
 * foldText('gira\u200Bsol') // 'girasol'
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/[\p{M}\p{Cf}]/gu, '').toLowerCase();
}
