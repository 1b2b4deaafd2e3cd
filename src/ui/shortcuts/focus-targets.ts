/** Element ids the "/" shortcut focuses: the capture's display filter, else the input box. */
export const FILTER_INPUT_ID = 'display-filter';
export const INPUT_BOX_ID = 'frame-input';
