// Display filters in Wireshark's syntax (a subset), shared by the app's filter box and the CLI's -Y.
export {
  compileFilter,
  EXTRA_FILTER_FIELDS,
  FIELD_ALIASES,
  type CompiledFilter,
  type Compiled,
  type FilterTarget,
} from './compile';
export { parseFilter, type FilterError, type FilterExpr } from './parse';
