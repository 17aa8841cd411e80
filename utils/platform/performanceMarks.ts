/**
 * The Element Timing identifier of the popup's flag text: Chromium records when it is first painted, which is when
 * the user sees the tab's real flag. The benchmark reads it; nothing is measured or sent in normal use.
 */
export const FLAG_SHOWN_ELEMENT_TIMING = 'flag-shown';
