import { render } from '@testing-library/react';
import { App } from '../../../renderer/app/App.js';
import { bindEvents } from '../../../renderer/store/bind-events.js';
import { createSeatStore } from '../../../renderer/store/create-seat-store.js';
import { SeatProvider } from '../../../renderer/store/store-context.js';
import type { FakeApi } from './fake-api.js';

/** Renders the whole app over a fake API, with events bound as in main.tsx. */
export function renderSeat(api: FakeApi) {
  const store = createSeatStore('web');
  const unbind = bindEvents(store, api);
  const view = render(
    <SeatProvider store={store} api={api}>
      <App />
    </SeatProvider>,
  );
  return { store, unbind, ...view };
}
