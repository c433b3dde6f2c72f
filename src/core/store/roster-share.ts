/**
 * Roster edits shared between colleagues (issue #22, with the decisions of store/review-share.ts):
 * the exporter's whole roster travels in the file, and the importer's is compared with it unit by
 * unit, matched by the unit's name (its normalised key; a unit renamed on one side is found by the
 * old name the rename kept as an alias). A colleague's roster taken into an empty one is taken
 * whole; otherwise every difference (a unit only on one side, other level / region / years, a
 * rename, an alias one side gave another unit) is kept in roster_conflicts for the user to settle,
 * never applied silently. Aliases the colleague recorded (an unlisted report attached) that no unit
 * of one's own claims are taken in: they only add what a name stands for.
 */
import { normalizeAgencyName } from '../../shared/agency'
import type { RosterUnit, RosterUnitInput } from '../../shared/roster'
import type { RosterConflict, RosterConflictKind } from '../../shared/review-work'
import type { Db } from './db'
import { addUnit, listRoster, removeUnit, updateUnit, writeRoster } from './roster'

export interface RosterImportCounts {
  /** Units taken in (into an empty roster). */
  added: number
  /** Aliases taken in on units both have. */
  aliases: number
  same: number
  conflicts: number
}

const key = normalizeAgencyName

function fieldsDiffer(a: RosterUnitInput, b: RosterUnitInput): boolean {
  return (
    a.level !== b.level ||
    (a.region ?? null) !== (b.region ?? null) ||
    a.startYear !== b.startYear ||
    a.endYear !== b.endYear
  )
}

function plain(u: RosterUnit | RosterUnitInput): RosterUnitInput {
  return {
    name: u.name,
    level: u.level,
    region: u.region,
    aliases: [...u.aliases],
    startYear: u.startYear,
    endYear: u.endYear
  }
}

/** Takes a colleague's roster in; `by` and `at` stamp the conflicts. In one transaction. */
export async function importRoster(
  db: Db,
  theirs: RosterUnitInput[],
  by: string,
  at: string
): Promise<RosterImportCounts> {
  const counts: RosterImportCounts = { added: 0, aliases: 0, same: 0, conflicts: 0 }
  if (theirs.length === 0) return counts
  await db.transaction(async () => {
    const mine = await listRoster(db)
    if (mine.length === 0) {
      await writeRoster(db, theirs)
      counts.added = theirs.length
      return
    }
    const byKey = new Map(mine.map(u => [key(u.name), u]))
    // Every name of mine (unit names and aliases) → its unit.
    const claim = new Map<string, RosterUnit>()
    for (const u of mine) for (const n of [u.name, ...u.aliases]) claim.set(key(n), u)
    const matched = new Set<number>()
    const conflict = async (
      kind: RosterConflictKind,
      m: RosterUnit | null,
      t: RosterUnitInput | null
    ): Promise<void> => {
      const r = await db.run(
        `INSERT OR IGNORE INTO roster_conflicts (kind, unit_key, mine_json, theirs_json, reviewer, imported_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [
          kind,
          key((m ?? t)!.name),
          m ? JSON.stringify(plain(m)) : null,
          t ? JSON.stringify(plain(t)) : null,
          by,
          at
        ]
      )
      if (r.changes > 0) counts.conflicts++
    }
    for (const t of theirs) {
      const tk = key(t.name)
      const same = byKey.get(tk)
      // A rename on either side: one's unit is the other's old name (kept as an alias).
      const renamed =
        same ??
        mine.find(u => t.aliases.some(a => key(a) === key(u.name))) ??
        mine.find(u => u.aliases.some(a => key(a) === tk))
      if (!renamed) {
        await conflict('add', null, t)
        continue
      }
      matched.add(renamed.id)
      if (!same) {
        await conflict('rename', renamed, t)
        continue
      }
      // Their aliases: taken in when no unit of mine has the name; another unit's: a conflict.
      let differs = fieldsDiffer(same, t)
      const newAliases: string[] = []
      for (const a of t.aliases) {
        const owner = claim.get(key(a))
        if (!owner) newAliases.push(a)
        else if (owner.id !== same.id) differs = true
      }
      if (newAliases.length) {
        await updateUnit(db, same.id, { aliases: [...same.aliases, ...newAliases] })
        for (const a of newAliases) claim.set(key(a), same)
        counts.aliases += newAliases.length
      }
      if (differs) await conflict('change', same, t)
      else counts.same++
    }
    for (const m of mine) if (!matched.has(m.id)) await conflict('remove', m, null)
  })
  return counts
}

interface ConflictRow {
  id: number
  kind: RosterConflictKind
  mine: string | null
  theirs: string | null
  reviewer: string
  importedAt: string
}

export async function listRosterConflicts(db: Db): Promise<RosterConflict[]> {
  const rows = await db.all<ConflictRow>(
    `SELECT id, kind, mine_json AS mine, theirs_json AS theirs, reviewer, imported_at AS importedAt
     FROM roster_conflicts ORDER BY id`
  )
  return rows.map(r => ({
    id: r.id,
    kind: r.kind,
    mine: r.mine ? (JSON.parse(r.mine) as RosterUnitInput) : null,
    theirs: r.theirs ? (JSON.parse(r.theirs) as RosterUnitInput) : null,
    reviewer: r.reviewer,
    importedAt: r.importedAt
  }))
}

/**
 * Settles a roster conflict: 'mine' keeps one's roster as it is; 'theirs' makes it as theirs (adds
 * the unit, removes it, or gives one's unit their name, fields and aliases: names another unit of
 * one's own held as aliases move to it). False when there is no such conflict.
 */
export async function settleRosterConflict(
  db: Db,
  id: number,
  take: 'mine' | 'theirs'
): Promise<boolean> {
  return db.transaction(async () => {
    const c = (await listRosterConflicts(db)).find(x => x.id === id)
    if (!c) return false
    if (take === 'theirs') {
      const mine = await listRoster(db)
      const find = (u: RosterUnitInput | null): RosterUnit | undefined =>
        u ? mine.find(m => key(m.name) === key(u.name)) : undefined
      if (c.theirs) {
        // Their names leave any other unit of mine that holds them as aliases.
        const names = [c.theirs.name, ...c.theirs.aliases].map(key)
        const target = find(c.mine) ?? find(c.theirs)
        await db.run(
          `DELETE FROM roster_aliases WHERE alias_key IN (SELECT value FROM json_each(?))
             AND unit_id IS NOT ?`,
          [JSON.stringify(names), target?.id ?? null]
        )
        if (target) {
          await updateUnit(db, target.id, {
            name: c.theirs.name,
            level: c.theirs.level,
            region: c.theirs.region,
            startYear: c.theirs.startYear,
            endYear: c.theirs.endYear
          })
          // After the rename (which keeps the old name as an alias): theirs and the old name.
          const now = (await listRoster(db)).find(u => u.id === target.id)!
          const aliases = [...new Set([...now.aliases, ...c.theirs.aliases])].filter(
            a => key(a) !== key(c.theirs!.name)
          )
          await updateUnit(db, target.id, { aliases })
        } else await addUnit(db, c.theirs)
      } else {
        const target = find(c.mine)
        if (target) await removeUnit(db, target.id)
      }
    }
    await db.run('DELETE FROM roster_conflicts WHERE id = ?', [id])
    return true
  })
}
