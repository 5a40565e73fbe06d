// W3C selectors count positions in Unicode code points; the DOM counts
// UTF-16 code units. These convert between the two over one text.

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The code point offset of a UTF-16 offset into text. */
export function toCodePoints(text: string, utf16Offset: number): number {
  let points = 0;
  for (let i = 0; i < utf16Offset && i < text.length; i++) {
    // Count a surrogate pair once, on its high half.
    if (!(isLowSurrogate(text.charCodeAt(i)) && i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) {
      points++;
    }
  }
  return points;
}

/** The UTF-16 offset of a code point offset into text (clamped to its end). */
export function toUtf16(text: string, codePointOffset: number): number {
  let i = 0;
  for (let points = 0; points < codePointOffset && i < text.length; points++) {
    i += isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** Moves a UTF-16 offset off the middle of a surrogate pair, forward or back. */
export function snapToCodePoint(text: string, utf16Offset: number, direction: 'back' | 'forward'): number {
  if (
    utf16Offset > 0 &&
    utf16Offset < text.length &&
    isLowSurrogate(text.charCodeAt(utf16Offset)) &&
    isHighSurrogate(text.charCodeAt(utf16Offset - 1))
  ) {
    return direction === 'back' ? utf16Offset - 1 : utf16Offset + 1;
  }
  return utf16Offset;
}
