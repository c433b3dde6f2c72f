/** The screens' reads: overview, matrix, report lists, one report, trends. */
import { fail, ok } from '../../../shared/api'
import { decodeStored } from '../../extract/stored-document'
import { matrix, overview } from '../../store/queries/overview'
import {
  adjacentReports,
  currentReportId,
  listReports,
  reportDetail
} from '../../store/queries/reports'
import { trends } from '../../store/queries/trends'
import { documentBlob } from '../../store/reports'
import type { Service, ServiceContext } from '../context'

export function reportHandlers(ctx: ServiceContext) {
  return {
    getOverview: a =>
      ctx.shared(`getOverview ${JSON.stringify(a.filter ?? {})}`, () =>
        ctx.withStore(async s => ok(await overview(s.db, a.filter)))
      ),
    getMatrix: a =>
      ctx.withStore(async s => ok(await matrix(s.db, a.filter ?? {}, a.page, a.sort))),
    listReports: a => ctx.withStore(async s => ok(await listReports(s.db, a))),
    getReport: a =>
      ctx.withStore(async s => {
        // An old id (the file changed and was read again) opens the file's current report (issue #22).
        const id = await currentReportId(s.db, a.id)
        const d =
          id === null
            ? null
            : await reportDetail(s, id, await decodeStored(await documentBlob(s.db, id)))
        return d ? ok(d) : fail('NOT_FOUND', `找不到报告（编号 ${a.id}）`)
      }),
    getAdjacentReports: a => ctx.withStore(async s => ok(await adjacentReports(s.db, a))),
    getTrends: a => ctx.withStore(async s => ok(await trends(s.db, a.filter ?? {}, a.agencyKey)))
  } satisfies Partial<Service>
}
