import type { HistoryMessage } from '../../app/console/ports.js';
import { html, type SafeHtml } from './html.js';

/** How each kind of message is named to staff. */
export const KIND_NAMES: Readonly<Record<HistoryMessage['kind'], string>> = {
  text: 'Mensaje',
  voice: 'Nota de voz',
  audio: 'Audio',
  image: 'Imagen',
  video: 'Video',
  document: 'Documento',
  sticker: 'Sticker',
  location: 'Ubicación',
  contact_card: 'Tarjeta de contacto',
  call: 'Llamada de WhatsApp',
  other: 'Mensaje que no es texto',
};

/** `3.2 MB`, `840 KB`: a file's size for staff. */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A map link for a place: OpenStreetMap, opened without telling it where the link came from. */
export function mapLink(lat: number, lng: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat.toFixed(6)}&mlon=${lng.toFixed(6)}#map=17/${lat.toFixed(6)}/${lng.toFixed(6)}`;
}

/** A place as staff read it: coordinates, the place's name when given, and a map link. */
export function locationView(location: NonNullable<HistoryMessage['location']>): SafeHtml {
  const coordinates = `${location.lat.toFixed(5)}, ${location.lng.toFixed(5)}`;
  return html`<p class="mensaje__ubicacion">${location.name ? html`${location.name} · ` : ''}<span class="mensaje__coordenadas">${coordinates}</span> · <a href="${mapLink(location.lat, location.lng)}" target="_blank" rel="noopener noreferrer">Ver en el mapa</a></p>`;
}

/**
 * What a non-text message shows, named honestly by kind: the player, picture or download of its file
 * (each opening audited by the server), or why it is not there (too large, not downloadable,
 * removed by retention, from before files were kept); a location as coordinates with a map link.
 * Audio and video load only when played (`preload="none"`).
 */
export function attachmentView(message: HistoryMessage, alias: string): SafeHtml {
  const name = KIND_NAMES[message.kind];
  if (message.kind === 'location') {
    return html`<p class="mensaje__tipo">${name}</p>${message.location ? locationView(message.location) : html`<p class="mensaje__texto mensaje__texto--borrado">(ubicación eliminada por la política de retención)</p>`}`;
  }
  const media = message.media;
  if (!media) return html`<p class="mensaje__tipo">${name}</p><p class="mensaje__texto mensaje__texto--borrado">(el archivo no se guardó)</p>`;
  if (media.status === 'too_large') {
    return html`<p class="mensaje__tipo">${name} · ${fileSize(media.byteSize)}</p><p class="mensaje__texto mensaje__texto--borrado">(demasiado grande para guardarse; pídele que lo envíe de otra forma)</p>`;
  }
  if (media.status === 'unavailable') {
    return html`<p class="mensaje__tipo">${name}</p><p class="mensaje__texto mensaje__texto--borrado">(no se pudo descargar el archivo)</p>`;
  }
  if (!media.kept) {
    return html`<p class="mensaje__tipo">${name}</p><p class="mensaje__texto mensaje__texto--borrado">(archivo eliminado por la política de retención)</p>`;
  }
  const url = `/casos/${message.caseId}/mensajes/${message.id}/archivo`;
  const size = fileSize(media.byteSize);
  switch (message.kind) {
    case 'voice':
    case 'audio':
      return html`<p class="mensaje__tipo">${name} · ${size}</p><div class="mensaje__archivo"><audio controls preload="none" src="${url}" aria-label="${name} de ${alias}"></audio></div>`;
    case 'image':
    case 'sticker':
      return html`<p class="mensaje__tipo">${name} · ${size}</p><div class="mensaje__archivo"><a href="${url}" target="_blank" rel="noopener"><img src="${url}" alt="${name} que envió ${alias}" loading="lazy"></a></div>`;
    case 'video':
      return html`<p class="mensaje__tipo">${name} · ${size}</p><div class="mensaje__archivo"><video controls preload="none" src="${url}" aria-label="${name} de ${alias}"></video></div>`;
    default:
      return html`<p class="mensaje__tipo">${name}</p><p class="mensaje__archivo"><a href="${url}" download>Descargar ${name.toLowerCase()} (${size})</a></p>`;
  }
}
