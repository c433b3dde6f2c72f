import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles/base.css'
import './styles/layout.css'
import './styles/overview.css'
import './styles/agencies.css'
import './styles/trends.css'
import './styles/review.css'
import './styles/settings.css'
import './styles/dialog.css'
import './styles/ranking.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
