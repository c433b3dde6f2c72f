/** Run by src/core/process/stray-errors.test.ts in a process of its own: two stray errors, then a line on stdout. */
import { installStrayErrorHandlers } from '../../src/core/process/stray-errors'

installStrayErrorHandlers({ error: m => process.stderr.write(`${m}\n`) })
void Promise.reject(new Error('stray pdf rejection'))
setTimeout(() => {
  throw new Error('thrown from a timer')
}, 10)
setTimeout(() => process.stdout.write('still running\n'), 100)
