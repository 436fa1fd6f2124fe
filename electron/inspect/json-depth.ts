/** Deeper JSON than any config.dump or spec.dump needs; IPC cloning and JSON.stringify recurse, and overflow far below V8's parser. */
export const MAX_JSON_DEPTH = 256;

/**
 * The deepest nesting of arrays and objects in JSON text, counted without
 * parsing (brackets inside strings do not count). Stops counting once past
 * `limit`, so a bomb costs one linear scan at most.
 */
export function jsonDepth(bytes: Uint8Array, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (b === 0x5d || b === 0x7d) depth--;
  }
  return deepest;
}
