/**
 * The extension's icon, in two variants: `normal`, and `test-mode-on`, which the toolbar shows on a tab whose flag
 * HubSpot reads as on. Each is drawn once, as `public/icons/<variant>.svg`; Chrome reads no SVG icons, so the build
 * renders it to `icons/<variant>-<size>.png` at every size (wxt.config.ts). The manifest and the badge take the
 * paths from here.
 */
export const TOOLBAR_ICONS = ['normal', 'test-mode-on'] as const;
export type ToolbarIcon = (typeof TOOLBAR_ICONS)[number];

/** 16 px in the toolbar (32 on high-density screens), larger in Firefox's Extensions panel, 48 and 128 on pages. */
export const ICON_SIZES = [16, 32, 48, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];

/** The drawing in `public/`, which the build renders and leaves out of the extension. */
export function toolbarIconSource(icon: ToolbarIcon): string {
  return `icons/${icon}.svg`;
}

/**
 * Each size's PNG, as the manifest's `icons` and `action.default_icon` and `action.setIcon`'s `path` take them.
 * `setIcon` gets every size too: a tab's icon stands in for the default one wherever the browser shows it.
 */
export function toolbarIconPaths(icon: ToolbarIcon): Record<IconSize, string> {
  return Object.fromEntries(ICON_SIZES.map((size) => [size, `icons/${icon}-${size}.png`])) as Record<IconSize, string>;
}
