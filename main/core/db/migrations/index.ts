/**
 * Every migration, in order. Append new ones at the end with the next
 * number; never edit or reorder one that has shipped.
 */
import type { Migration } from '../migration.js';
import { m0001SeatProfile } from './0001-seat-profile.js';
import { m0002ProfileShortcuts } from './0002-profile-shortcuts.js';

export const migrations: readonly Migration[] = [m0001SeatProfile, m0002ProfileShortcuts];
