/**
 * The machine's audio devices for the pickers; refreshed when a headset is
 * plugged in or out. Labels are empty until microphone permission is given.
 */
import { useEffect, useState } from 'react';

export interface AudioDevices {
  readonly inputs: readonly MediaDeviceInfo[];
  readonly outputs: readonly MediaDeviceInfo[];
}

export function useAudioDevices(): AudioDevices {
  const [devices, setDevices] = useState<AudioDevices>({ inputs: [], outputs: [] });
  useEffect(() => {
    const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!media?.enumerateDevices) return;
    let live = true;
    const refresh = () =>
      media.enumerateDevices().then(
        (all) => {
          if (!live) return;
          setDevices({
            inputs: all.filter((d) => d.kind === 'audioinput' && d.deviceId !== 'default'),
            outputs: all.filter((d) => d.kind === 'audiooutput' && d.deviceId !== 'default'),
          });
        },
        () => {},
      );
    void refresh();
    media.addEventListener('devicechange', refresh);
    return () => {
      live = false;
      media.removeEventListener('devicechange', refresh);
    };
  }, []);
  return devices;
}
