/** One quiet line: which key does what (changed in Settings). */
import { useTranslate } from '../../i18n/use-translate.js';
import { phoneShortcutActions, type PhoneShortcuts } from './shortcut-keys.js';

export function ShortcutHint({ shortcuts }: { shortcuts: PhoneShortcuts }) {
  const t = useTranslate();
  const bound = phoneShortcutActions.filter((a) => shortcuts[a] !== '');
  if (bound.length === 0) return null;
  return (
    <p className="shortcut-hint" data-testid="shortcut-hint">
      {t('phone.shortcuts.title')}：
      {bound.map((a) => (
        <span key={a} className="shortcut-item">
          <kbd>{shortcuts[a]}</kbd> {t(`phone.shortcuts.${a}`)}
        </span>
      ))}
    </p>
  );
}
