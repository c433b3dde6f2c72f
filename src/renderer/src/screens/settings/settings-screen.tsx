/**
 * 设置: the supervisor's own choices, stored in the database by the core — the reviewer's name,
 * 单位信息 (who issues the 通报 and the 整改意见), the M05 deadlines by agency level, the ranking's
 * weights, how watched folders are monitored, whether S06/Y05 run, whether scans are read by OCR, and the 应报送单位名单. Each section saves on
 * its own, so a mistake in one never blocks the others. 数据与备份 says where all of it is kept.
 */
import type { ReactNode } from 'react'
import { api } from '../../api'
import { ErrorState, Loading } from '../../components/states'
import { useAppState } from '../../lib/app-state'
import { useResult } from '../../lib/use-result'
import { ChecksForm } from './checks-form'
import { OcrForm } from './ocr-form'
import { DataFiles } from './data-files'
import { DeadlinesForm } from './deadlines-form'
import { FolderPolling } from './folder-polling'
import { OfficeForm } from './office-form'
import { ReviewerForm } from './reviewer-form'
import { ShareReview } from './share-review'
import { RosterPanel } from './roster-panel'
import { WeightsForm } from './weights-form'

export function SettingsScreen(): ReactNode {
  const { dataVersion } = useAppState()
  const st = useResult(() => api.getSettings(), [dataVersion])
  return (
    <div className="settings">
      {st.error && !st.value && <ErrorState error={st.error} onRetry={st.reload} />}
      {!st.value && !st.error && <Loading what="设置" />}
      {st.value && (
        <div className="settings-columns">
          <div className="settings-column">
            <ReviewerForm saved={st.value.reviewerName} />
            <OfficeForm saved={st.value.office} />
            <FolderPolling />
            <ChecksForm saved={st.value.checks} />
            <OcrForm saved={st.value.ocr} />
          </div>
          <div className="settings-column">
            <DeadlinesForm saved={st.value.deadlines} />
            <WeightsForm saved={st.value.scoreWeights} />
            <DataFiles version={dataVersion} />
          </div>
          <div className="settings-column settings-wide">
            <ShareReview />
          </div>
          <div className="settings-wide">
            <RosterPanel />
          </div>
        </div>
      )}
    </div>
  )
}
