/**
 * The settings draft lives in memory: closing or reloading the page would
 * discard it. In browser mode the page asks first (the browser's own "leave
 * site?" prompt) while there are unsaved settings. Not in Electron, where a
 * refused unload would silently keep the window from closing.
 */
import { useEffect } from 'react';
import { useSeatStore } from '../../store/store-context.js';
import { formFromProfile, sameForm } from './settings-form.js';

export function useUnsavedSettingsWarning(): void {
  const store = useSeatStore();
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      const s = store.getState();
      if (s.host !== 'web' || !s.settingsDraft || !s.profile) return;
      if (sameForm(s.settingsDraft.form, formFromProfile(s.profile))) return;
      event.preventDefault();
      // Older browsers need returnValue set to show the prompt.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store]);
}
