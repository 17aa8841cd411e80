import { describe, expect, it } from 'vitest';
import { isVendorModule } from '../vendorChunk';

describe('isVendorModule', () => {
  it.each([
    ['/repo/node_modules/react/cjs/react.production.js', true],
    ['/repo/node_modules/react/jsx-runtime.js', true],
    ['/repo/node_modules/react-dom/cjs/react-dom-client.production.js', true],
    ['/repo/node_modules/scheduler/cjs/scheduler.production.js', true],
    ['/repo/node_modules/webextension-polyfill/dist/browser-polyfill.js', true],
    ['C:\\repo\\node_modules\\react-dom\\client.js', true],
    ['/repo/node_modules/some-lib/node_modules/react/index.js', true],
    ['/repo/node_modules/zustand/esm/index.mjs', false],
    ['/repo/node_modules/@wxt-dev/webextension-polyfill/dist/browser.mjs', false],
    ['/repo/node_modules/@wxt-dev/storage/dist/index.mjs', false],
    ['/repo/node_modules/react-is/index.js', false],
    ['/repo/node_modules/@types/react/index.d.ts', false],
    ['/repo/utils/messages.ts', false],
    ['/repo/components/react/Switch.tsx', false],
    ['\0rolldown/runtime.js', false],
  ])('%s: %s', (id, vendor) => {
    expect(isVendorModule(id)).toBe(vendor);
  });
});
