/**
 * Save a recharts chart as PNG: serialise its SVG, draw it on a canvas under a title and a legend
 * (recharts draws the legend in HTML, so it is not in the SVG), and download the canvas. Runs
 * entirely in the page: no server, no remote content (the CSP allows blob:/data: images).
 */
import { download } from '../../lib/download'

export interface LegendEntry {
  name: string
  color: string
}

const FONT =
  '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image()
    img.onload = () => resolve(img)
    img.onerror = () => reject(new Error('图表图像无法生成'))
    img.src = url
  })
}

/** Renders the chart into a PNG blob (exported for the e2e test's sanity check). */
export async function chartToPng(
  svg: SVGSVGElement,
  title: string,
  legend: LegendEntry[],
  scale = 2
): Promise<Blob> {
  const box = svg.getBoundingClientRect()
  const w = Math.max(1, Math.round(box.width))
  const h = Math.max(1, Math.round(box.height))
  const clone = svg.cloneNode(true) as SVGSVGElement
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  clone.setAttribute('width', String(w))
  clone.setAttribute('height', String(h))
  // Text inside the SVG inherits page CSS on screen but not inside an <img>: set the font here.
  clone.setAttribute('font-family', FONT)
  clone.setAttribute('font-size', '12')
  const xml = new XMLSerializer().serializeToString(clone)
  const url = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml;charset=utf-8' }))
  try {
    const img = await loadImage(url)
    const head = 40
    const legendH = legend.length > 0 ? 28 : 0
    const canvas = document.createElement('canvas')
    canvas.width = w * scale
    canvas.height = (h + head + legendH) * scale
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('浏览器不支持画布')
    ctx.scale(scale, scale)
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, w, h + head + legendH)
    ctx.fillStyle = '#1f2937'
    ctx.font = `bold 16px ${FONT}`
    ctx.textBaseline = 'middle'
    ctx.fillText(title, 16, head / 2)
    let x = 16
    ctx.font = `12px ${FONT}`
    for (const e of legend) {
      ctx.fillStyle = e.color
      ctx.fillRect(x, head + 8, 12, 12)
      ctx.fillStyle = '#374151'
      ctx.fillText(e.name, x + 16, head + 14)
      x += 16 + ctx.measureText(e.name).width + 18
    }
    ctx.drawImage(img, 0, head + legendH, w, h)
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(b => (b ? resolve(b) : reject(new Error('图像编码失败'))), 'image/png')
    )
  } finally {
    URL.revokeObjectURL(url)
  }
}

export async function saveChartPng(
  container: HTMLElement,
  title: string,
  legend: LegendEntry[],
  fileName: string
): Promise<void> {
  const svg = container.querySelector<SVGSVGElement>('.recharts-wrapper > svg.recharts-surface')
  if (!svg) throw new Error('图表尚未绘制完成')
  const blob = await chartToPng(svg, title, legend)
  const url = URL.createObjectURL(blob)
  download(url, fileName.endsWith('.png') ? fileName : `${fileName}.png`)
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
