// Type declarations for the two anchoring libraries, which ship none.
// Offsets in both are UTF-16 code units over root.textContent.

declare module 'dom-anchor-text-position' {
  export interface TextPosition {
    start: number;
    end: number;
  }
  export function fromRange(root: Node, range: Range): TextPosition;
  export function toRange(root: Node, selector: TextPosition): Range;
}

declare module 'dom-anchor-text-quote' {
  export interface TextQuote {
    exact: string;
    prefix?: string;
    suffix?: string;
  }
  export interface TextPosition {
    start: number;
    end: number;
  }
  export function fromRange(root: Node, range: Range): Required<TextQuote>;
  export function fromTextPosition(root: Node, selector: TextPosition): Required<TextQuote>;
  export function toRange(root: Node, selector: TextQuote, options?: { hint?: number }): Range | null;
  export function toTextPosition(
    root: Node,
    selector: TextQuote,
    options?: { hint?: number },
  ): TextPosition | null;
}
