import { usePopupStore, type PopupState } from '../stores/popupStore';

/** Every state the popup store goes through while `work` runs, to check what the popup showed in between. */
export async function statesDuring(work: () => Promise<void>): Promise<PopupState[]> {
  const states: PopupState[] = [];
  const unsubscribe = usePopupStore.subscribe((state) => void states.push(state));
  try {
    await work();
  } finally {
    unsubscribe();
  }
  return states;
}
