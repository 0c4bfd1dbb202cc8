import { useState, type FormEvent } from 'react';
import { errorText } from '../components/messages.js';
import { useLang } from './use-lang.js';

/**
 * A form's submit: busy while `action` runs, its refusal shown as a message in the chosen language.
 * On success the form stays busy (the screen it leads to replaces it); on a refusal `onRefused`
 * runs (e.g. to empty a code field) and the form can be sent again.
 */
export function useFormAction(action: () => Promise<void>, onRefused?: () => void): { busy: boolean; error: string; submit: (event: FormEvent) => Promise<void> } {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (e) {
      setError(errorText(e, t));
      onRefused?.();
      setBusy(false);
    }
  };
  return { busy, error, submit };
}
