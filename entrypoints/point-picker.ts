import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { sendToBackground } from '@/utils/platform/messages';
import { startPointPicker, type PointPicker } from '@/utils/providers/pointPicker';

/**
 * Put on a HubSpot page by the background when the user asks to point at an app (utils/background/pointing.ts), in
 * the content script's isolated world: the page's scripts see none of it. The background tells it the session.
 */
export default defineUnlistedScript(async () => {
  // A second "Point at" click puts the script on the page again: the layer already up gives way to the new one.
  const world = globalThis as { cctPointPicker?: PointPicker };
  world.cctPointPicker?.stop();
  const start = await sendToBackground('pointingSession', null);
  if (!start) return;
  const { session, name, profileLabel } = start;
  world.cctPointPicker = startPointPicker({
    document,
    name,
    profileLabel,
    save: async (selector) => {
      const saved = await sendToBackground('pointPicked', { session, selector });
      if (!saved.ok) throw new Error(saved.error);
      return saved.value;
    },
    onClose: () => {
      world.cctPointPicker = undefined;
      void sendToBackground('pointingEnded', { session }).catch(() => undefined);
    },
  });
});
