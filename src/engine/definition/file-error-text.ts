import { staffText, type StaffText } from '../staff-text.js';

/** Why a file or folder could not be read, in Spanish, by the system's error code. */
const SPANISH_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no existe',
  EACCES: 'no hay permiso para leerlo',
  EPERM: 'no hay permiso para leerlo',
  EISDIR: 'es una carpeta, no un archivo',
  ENOTDIR: 'no es una carpeta',
};

/**
 * A file or folder that could not be read, in both languages: Spanish says why in words (with the
 * system's code, e.g. ENOENT), English keeps the system's message.
 *
 * @example
 * unreadable('file', error) // { es: 'no se puede leer el archivo: no existe (ENOENT)', en: 'cannot read the file: ENOENT: no such file ...' }
 */
export function unreadable(what: 'file' | 'directory', error: unknown): StaffText {
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = typeof code === 'string' ? `${SPANISH_REASONS[code] ?? 'error del sistema'} (${code})` : 'error del sistema';
  const message = (error as Error | undefined)?.message ?? '';
  return what === 'file'
    ? staffText(`no se puede leer el archivo: ${reason}`, `cannot read the file: ${message}`)
    : staffText(`no se puede leer la carpeta de flujos: ${reason}`, `cannot read the flow directory: ${message}`);
}
