/** A document stored as the pipeline stores a file it read: shared by the OCR report tests. */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { DocumentModel } from '../../src/shared/document'
import type { RuleSettings } from '../../src/shared/model'
import { sha256 } from '../../src/core/ingest/hash'
import { silentLogger } from '../../src/core/logger'
import { toReady, writeReadyBatch, type ReadyFile } from '../../src/core/pipeline/batch'
import type { PreparedFile } from '../../src/core/pipeline/file'
import { settleDirty } from '../../src/core/pipeline/settle'
import { parseReport } from '../../src/core/parse/index'
import { withOcrCheck } from '../../src/core/rules/ocr-verify'
import type { Store } from '../../src/core/store/index'
import { getRuleSettings } from '../../src/core/store/settings'

/**
 * `doc` (an OCR'd reading, made by the test) stored and settled as the reading of the PDF `name`
 * in `folder`, whose bytes give the hash, size and time.
 */
export async function storeAsRead(
  store: Store,
  folder: string,
  name: string,
  doc: DocumentModel
): Promise<{ prepared: PreparedFile; ready: ReadyFile; settings: RuleSettings }> {
  const file = path.join(folder, name)
  const st = statSync(file)
  const prepared: PreparedFile = {
    path: name,
    sha256: sha256(readFileSync(file)),
    size: st.size,
    mtimeMs: st.mtimeMs,
    format: 'pdf',
    encoding: null,
    parsed: withOcrCheck(parseReport(doc)),
    doc,
    bytes: null,
    problemsText: '',
    unreadable: null
  }
  const settings = await getRuleSettings(store.db)
  const ready = toReady(prepared, settings, silentLogger)
  await store.db.transaction(() =>
    writeReadyBatch(store.db, folder, [ready], new Date().toISOString(), settings, silentLogger)
  )
  await settleDirty(store.db, silentLogger)
  return { prepared, ready, settings }
}
