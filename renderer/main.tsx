/**
 * Renderer entry: choose the transport, build the store, bind core events
 * once, render.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { chooseClient, MissingTokenError } from './api/choose-client.js';
import { forwardNetworkEvents } from './api/forward-network-events.js';
import { App } from './app/App.js';
import { translator } from './i18n/catalogue.js';
import { startMedia } from './media/start-media.js';
import { bindEvents } from './store/bind-events.js';
import { createSeatStore } from './store/create-seat-store.js';
import { SeatProvider } from './store/store-context.js';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

try {
  const api = chooseClient(window);
  const store = createSeatStore(api.host);
  bindEvents(store, api);
  // phone: the WebRTC media engine lives in this window (claims the audio devices)
  startMedia(window, api, store);
  forwardNetworkEvents(window, api);
  createRoot(container).render(
    <StrictMode>
      <SeatProvider store={store} api={api}>
        <App />
      </SeatProvider>
    </StrictMode>,
  );
} catch (error) {
  const message = error instanceof MissingTokenError ? translator('zh-CN')('connection.noToken') : String(error);
  container.textContent = message;
  container.className = 'fatal';
}
