/**
 * Hostile files made in the test, small on disk (issue #19): a .docx holding 0.4 GB of tiny
 * paragraphs, zip and flate bombs. Each piece is deflated on its own with a full flush (no
 * back-reference crosses it), so one deflated megabyte repeated N times is a valid deflate stream
 * of that megabyte N times: 0.4 GB is written in milliseconds, where deflating it would take a
 * minute and the memory it describes.
 */
import zlib from 'node:zlib'

export interface Deflated {
  /** Raw deflate data. */
  data: Buffer
  size: number
  crc: number
}

/** `head`, then `unit` `count` times, then `tail`, deflated (raw) without building the whole. */
export function repeatedDeflate(head: string, unit: string, count: number, tail: string): Deflated {
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH }
  const h = Buffer.from(head)
  const u = Buffer.from(unit)
  const t = Buffer.from(tail)
  const hz = zlib.deflateRawSync(h, flush)
  const uz = zlib.deflateRawSync(u, flush)
  const tz = zlib.deflateRawSync(t)
  let crc = zlib.crc32(h)
  for (let i = 0; i < count; i++) crc = zlib.crc32(u, crc)
  crc = zlib.crc32(t, crc)
  const parts = [hz]
  for (let i = 0; i < count; i++) parts.push(uz)
  parts.push(tz)
  return {
    data: Buffer.concat(parts),
    size: h.length + u.length * count + t.length,
    crc: crc >>> 0
  }
}

/** The same as a zlib stream (PDF's FlateDecode): header, raw data, Adler-32 of the whole. */
export function repeatedZlib(unit: string, count: number): Buffer {
  const raw = repeatedDeflate('', unit, count, '')
  const u = Buffer.from(unit)
  // Adler-32 of `u`, then of `count` copies by zlib's combine rule (A then B: a = aA + aB - 1,
  // b = bA + bB + len(B)·(aA - 1)).
  const M = 65521
  let ua = 1
  let ub = 0
  for (const byte of u) {
    ua = (ua + byte) % M
    ub = (ub + ua) % M
  }
  let a = 1
  let b = 0
  for (let i = 0; i < count; i++) {
    b = (b + ub + (((u.length % M) * ((a - 1 + M) % M)) % M)) % M
    a = (a + ua - 1) % M
  }
  const adler = Buffer.alloc(4)
  adler.writeUInt32BE(((b << 16) | a) >>> 0)
  return Buffer.concat([Buffer.from([0x78, 0x9c]), raw.data, adler])
}

function deflatedOf(text: string): Deflated {
  const b = Buffer.from(text)
  return { data: zlib.deflateRawSync(b), size: b.length, crc: zlib.crc32(b) >>> 0 }
}

/** A zip of deflated entries (name → text, or already deflated data). */
export function zipOf(entries: Record<string, string | Deflated>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, content] of Object.entries(entries)) {
    const d = typeof content === 'string' ? deflatedOf(content) : content
    const n = Buffer.from(name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(d.crc, 14)
    local.writeUInt32LE(d.data.length, 18)
    local.writeUInt32LE(d.size, 22)
    local.writeUInt16LE(n.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(d.crc, 16)
    central.writeUInt32LE(d.data.length, 20)
    central.writeUInt32LE(d.size, 24)
    central.writeUInt16LE(n.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, n, d.data)
    centrals.push(central, n)
    offset += local.length + n.length + d.data.length
  }
  const dir = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(centrals.length / 2, 8)
  end.writeUInt16LE(centrals.length / 2, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dir, end])
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
const DOCX_PARTS = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
}

/** A .docx whose body is `bytes` (about) of tiny paragraphs: 一 in each. */
export function paragraphsDocx(bytes: number): Buffer {
  const para = '<w:p><w:r><w:t>一</w:t></w:r></w:p>'
  const unit = para.repeat(Math.ceil((1024 * 1024) / para.length))
  const body = repeatedDeflate(
    `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>`,
    unit,
    Math.ceil(bytes / unit.length),
    '</w:body></w:document>'
  )
  return zipOf({ ...DOCX_PARTS, 'word/document.xml': body })
}

/** An OFD whose OFD.xml inflates to `bytes` of spaces. */
export function ofdBomb(bytes: number): Buffer {
  const unit = ' '.repeat(1024 * 1024)
  const body = repeatedDeflate(
    '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016">',
    unit,
    Math.ceil(bytes / unit.length),
    '</ofd:OFD>'
  )
  return zipOf({ 'OFD.xml': body })
}

/** A one-page PDF whose content stream inflates to `bytes` of spaces. */
export function pdfBomb(bytes: number): Buffer {
  const unit = ' '.repeat(1024 * 1024)
  const stream = repeatedZlib(unit, Math.ceil(bytes / unit.length))
  const objs: Buffer[] = [
    Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'),
    Buffer.from('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n'),
    Buffer.from(
      '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n'
    ),
    Buffer.concat([
      Buffer.from(`4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`),
      stream,
      Buffer.from('\nendstream\nendobj\n')
    ])
  ]
  const head = Buffer.from('%PDF-1.4\n')
  const offsets: number[] = []
  let at = head.length
  for (const o of objs) {
    offsets.push(at)
    at += o.length
  }
  const xref = `xref\n0 5\n0000000000 65535 f \n${offsets.map(o => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`
  return Buffer.concat([head, ...objs, Buffer.from(xref)])
}
