// word-extractor ships no types. Only what doc.ts uses is declared.
declare module 'word-extractor/lib/word-ole-extractor' {
  interface Piece {
    text: string
    startCp: number
    endCp: number
    startFilePos: number
    endFilePos: number
    bpc: number
  }
  interface OleDocument {
    stream(name: string): unknown
  }
  class WordOleExtractor {
    _pieces: Piece[]
    _boundaries: { ccpText: number }
    extract(reader: unknown): Promise<{ getBody(): string }>
    extractWordDocument(document: OleDocument, buffer: Buffer): Promise<{ getBody(): string }>
    documentStream(document: OleDocument, name: string): Promise<unknown>
    streamBuffer(stream: unknown): Promise<Buffer>
  }
  export = WordOleExtractor
}

declare module 'word-extractor/lib/buffer-reader' {
  class BufferReader {
    constructor(buffer: Buffer)
    open(): Promise<unknown>
    close(): Promise<unknown>
  }
  export = BufferReader
}
