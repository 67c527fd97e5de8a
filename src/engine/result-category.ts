/**
 * The category reports give an answer saved without one (free text, a number, a date). Reserved: no
 * choice id or `set` value may be this word, or her free answers and that choice would be counted
 * together.
 */
export const NO_CATEGORY = 'sin_categoria';
