/**
 * The seat-level requests: app info, the seat profile, the status bar and the
 * host's system events. The services behind them (profile, status board, the
 * system-event fan-out) are built by create-core.ts and injected here.
 */
import type { AppInfo, ProfileView, SeatStatus, SystemEventKind, ValidProfileInput, seatRequestSchemas } from '../../contract/index.js';
import type { FeatureHandlers } from '../base/feature-handlers.js';

/** What the seat requests need of the rest of the core. */
export interface SeatServices {
  readonly appInfo: () => AppInfo;
  readonly profile: { view(): ProfileView; save(input: ValidProfileInput): ProfileView };
  /** Tells every client (`profileChanged`). */
  readonly profileSaved: (view: ProfileView) => void;
  readonly status: () => SeatStatus;
  /** Network back, machine awake, …: fans out to the services that care. */
  readonly systemEvent: (kind: SystemEventKind) => void;
}

export function seatHandlers(seat: SeatServices): FeatureHandlers<typeof seatRequestSchemas> {
  return {
    getAppInfo: () => seat.appInfo(),
    getProfile: () => seat.profile.view(),
    saveProfile: (input) => {
      const view = seat.profile.save(input);
      seat.profileSaved(view);
      return view;
    },
    getStatus: () => seat.status(),
    systemEvent: ({ kind }) => {
      seat.systemEvent(kind);
      return null;
    },
  };
}
