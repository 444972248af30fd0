export interface Boundary {
  /** A folder under the repository root, e.g. src/core. */
  layer: string;
  /** The message a breach reports. */
  why: string;
  packages: string[];
  paths: string[];
  except?: string[];
  dynamicImports?: boolean;
}
export const BOUNDARIES: Boundary[];
