/**
 * One entry point for a call arriving from outside (IPC or HTTP): the method name and argument
 * are untrusted, so both are checked against src/shared before the service sees them, and
 * anything thrown becomes an error value — a transport never forwards an exception.
 */
import { fail, type ApiMethodName, type ApiMethods, type Result } from '../../shared/api'
import { isApiMethod, validateArgs } from '../../shared/schemas'

export async function dispatch(
  impl: ApiMethods,
  method: string,
  rawArgs: unknown
): Promise<Result<unknown>> {
  if (!isApiMethod(method))
    return fail('INVALID_ARGUMENT', `未知的接口方法：${method.slice(0, 60)}`)
  const v = validateArgs(method, rawArgs)
  if (!v.ok) return fail('INVALID_ARGUMENT', v.message)
  try {
    const fn = impl[method] as (a: unknown) => Promise<Result<unknown>>
    const out = await fn.call(impl, v.args)
    return isResult(out) ? out : fail('INTERNAL', `接口 ${method} 返回了无效结果`)
  } catch (err) {
    return fail(
      'INTERNAL',
      `内部错误（${method}）：${err instanceof Error ? err.message : String(err)}`
    )
  }
}

function isResult(x: unknown): x is Result<unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    'ok' in x &&
    typeof (x as { ok: unknown }).ok === 'boolean'
  )
}

export type { ApiMethodName }
