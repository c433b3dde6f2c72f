/** The ranking (排名): each unit's score and rank in a year, with the weights it was made with. */
import { ok } from '../../../shared/api'
import { readRanking } from '../../store/queries/ranking'
import type { Service, ServiceContext } from '../context'

export function rankingHandlers(ctx: ServiceContext) {
  return {
    getRanking: a =>
      ctx.withStore(async s => ok(await readRanking(s.db, (await s.getSettings()).scoreWeights, a)))
  } satisfies Partial<Service>
}
