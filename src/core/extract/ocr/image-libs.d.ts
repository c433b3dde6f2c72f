// pngjs and utif ship no types. Only what image.ts uses is declared.
declare module 'pngjs' {
  export class PNG {
    constructor(opts: { width: number; height: number })
    width: number
    height: number
    data: Buffer
    static sync: {
      read(buf: Buffer): { width: number; height: number; data: Buffer }
      write(png: PNG): Buffer
    }
  }
}

declare module 'utif' {
  interface Ifd {
    width: number
    height: number
  }
  export function decode(buf: ArrayBuffer | Uint8Array): Ifd[]
  export function decodeImage(buf: ArrayBuffer | Uint8Array, ifd: Ifd): void
  export function toRGBA8(ifd: Ifd): Uint8Array
}
