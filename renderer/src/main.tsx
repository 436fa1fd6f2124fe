import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/data.css';
import './styles/hex.css';
import './styles/modal.css';
import './styles/screens.css';
import './styles/start.css';
import './styles/rootfs.css';
import './styles/shell.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
