import type { provisioning as zh } from '../zh-CN/provisioning.js';

export const provisioning: Record<keyof typeof zh, string> = {
  'provisioning.title': 'Central provisioning and export/import',
  'provisioning.none': 'This seat is not centrally provisioned (start it with --provision and the centre’s file or address).',
  'provisioning.source': 'Provisioned from {source}, revision {revision} applied.',
  'provisioning.lastCheckFailed': 'Last check not applied: {message}',
  'provisioning.seatCode': 'Seat code',
  'provisioning.seatCodeHint': 'The centre’s file picks this seat’s values by seat code; empty: by hostname {hostname}. Type it once.',
  'provisioning.seatCodeSave': 'Save seat code',
  'provisioning.export': 'Export this seat’s settings',
  'provisioning.import': 'Import a settings file…',
  'provisioning.exported': 'Exported {fileName} (no password, no audio devices).',
  'provisioning.imported': 'Settings file imported.',
  'provisioning.failed': 'Could not export/import: {message}',
  'provisioning.notJson': 'The file is not JSON: {error}',
};
