import { describe, expect, it } from 'vitest'
import { API_METHODS, ipcChannel, ok, type ApiMethods, type Result } from '../shared/api'
import { registerApi, trustedUrl, type IpcEventLike, type IpcMainLike } from './ipc'

type Listener = (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>

class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  invoke(channel: string, event: IpcEventLike, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel)
    if (!h) throw new Error(`no handler for ${channel}`)
    return h(event, ...args)
  }
}

const APP_FRAME: IpcEventLike = {
  senderFrame: { url: 'app://nianbao/index.html#/reports', parent: null }
}

/** A fake service recording every call that reaches it. */
function fakeImpl(calls: Array<{ method: string; args: unknown }>): ApiMethods {
  return Object.fromEntries(
    API_METHODS.map(m => [
      m,
      async (args: unknown): Promise<Result<unknown>> => {
        calls.push({ method: m, args })
        if (m === 'getReport') throw new Error('boom')
        return ok({ method: m })
      }
    ])
  ) as unknown as ApiMethods
}

function setup(devUrl?: string) {
  const ipc = new FakeIpcMain()
  const calls: Array<{ method: string; args: unknown }> = []
  const unregister = registerApi(ipc, fakeImpl(calls), trustedUrl(devUrl))
  return { ipc, calls, unregister }
}

describe('registerApi', () => {
  it('registers one handler per Api method and removes them all', () => {
    const { ipc, unregister } = setup()
    expect([...ipc.handlers.keys()].sort()).toEqual(API_METHODS.map(ipcChannel).sort())
    unregister()
    expect(ipc.handlers.size).toBe(0)
  })

  it('passes a valid call from our page through to the service', async () => {
    const { ipc, calls } = setup()
    const args = { filter: { years: [2023], severity: 'error' }, page: { offset: 0, limit: 50 } }
    const r = await ipc.invoke(ipcChannel('listReports'), APP_FRAME, args)
    expect(r).toEqual({ ok: true, value: { method: 'listReports' } })
    expect(calls).toEqual([{ method: 'listReports', args }])
  })

  it('accepts no-argument methods called with nothing', async () => {
    const { ipc, calls } = setup()
    expect(await ipc.invoke(ipcChannel('getSettings'), APP_FRAME)).toMatchObject({ ok: true })
    expect(calls.map(c => c.method)).toEqual(['getSettings'])
  })

  it.each([
    ['listReports', { page: { offset: 0, limit: 100000 } }, 'page.limit'],
    ['listReports', { page: { offset: -1, limit: 10 } }, 'page.offset'],
    ['listReports', undefined, '参数'],
    ['getReport', { id: '5' }, 'id'],
    ['getReport', { id: 5, extra: true }, 'extra'],
    ['setReview', { reportId: 1, key: 'A01|x', decision: 'maybe' }, 'decision'],
    ['getOverview', { filter: { rules: ['Z99'] } }, 'filter.rules.0'],
    ['getOverview', { filter: { years: [2023.5] } }, 'filter.years.0'],
    ['addWatchedFolder', { path: '' }, 'path'],
    ['addWatchedFolder', { path: '/reports', polling: 'sometimes' }, 'polling'],
    ['exportXlsx', { path: '/tmp/out.csv' }, '.xlsx'],
    ['updateSettings', { deadlines: { department: { month: 2, day: 30 } } }, 'deadlines'],
    ['getSettings', { unexpected: 1 }, '参数']
  ] as const)('refuses a bad argument to %s with a clear error', async (method, args, mention) => {
    const { ipc, calls } = setup()
    const r = (await ipc.invoke(ipcChannel(method), APP_FRAME, args)) as Result<unknown>
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('INVALID_ARGUMENT')
    expect(r.error.message).toContain(method)
    expect(r.error.message).toContain(mention)
    expect(calls).toEqual([])
  })

  it.each(API_METHODS)(
    'refuses a malformed argument to %s before it reaches the service',
    async method => {
      const { ipc, calls } = setup()
      for (const bad of [42, 'x', [], { __proto__: { polluted: true }, junk: 1 }]) {
        const r = (await ipc.invoke(ipcChannel(method), APP_FRAME, bad)) as Result<unknown>
        expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
        if (!r.ok) expect(r.error.message).toMatch(/^参数无效/)
      }
      expect(calls).toEqual([])
    }
  )

  it('refuses extra positional arguments', async () => {
    const { ipc, calls } = setup()
    const r = (await ipc.invoke(
      ipcChannel('getReport'),
      APP_FRAME,
      { id: 1 },
      { id: 2 }
    )) as Result<unknown>
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(calls).toEqual([])
  })

  it.each([
    ['a web page', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a file:// page', { senderFrame: { url: 'file:///C:/Users/x/index.html', parent: null } }],
    ['another app:// host', { senderFrame: { url: 'app://other/index.html', parent: null } }],
    ['a subframe of our page', { senderFrame: { url: 'app://nianbao/index.html', parent: {} } }],
    ['a destroyed frame', { senderFrame: null }],
    ['a garbage URL', { senderFrame: { url: 'not a url', parent: null } }],
    [
      'the dev server when not in dev',
      { senderFrame: { url: 'http://localhost:5173/', parent: null } }
    ]
  ] as const)('refuses an untrusted sender: %s', async (_name, event) => {
    const { ipc, calls } = setup()
    const r = (await ipc.invoke(
      ipcChannel('getSettings'),
      event as IpcEventLike
    )) as Result<unknown>
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(calls).toEqual([])
  })

  it('trusts the dev server only when told its URL', async () => {
    const { ipc, calls } = setup('http://localhost:5173')
    const ev: IpcEventLike = { senderFrame: { url: 'http://localhost:5173/#/', parent: null } }
    expect(await ipc.invoke(ipcChannel('getSettings'), ev)).toMatchObject({ ok: true })
    const other: IpcEventLike = { senderFrame: { url: 'http://localhost:5174/', parent: null } }
    expect(await ipc.invoke(ipcChannel('getSettings'), other)).toMatchObject({ ok: false })
    expect(calls.length).toBe(1)
  })

  it('turns a throwing handler into an error value', async () => {
    const { ipc } = setup()
    const r = (await ipc.invoke(ipcChannel('getReport'), APP_FRAME, { id: 3 })) as Result<unknown>
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    if (!r.ok) expect(r.error.message).toContain('boom')
  })
})
