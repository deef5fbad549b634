// Defaults of the imaging layer that elements read without loading Cornerstone.

/** The image cache budget a viewport states unless told otherwise, in MB. */
export const defaultCacheMb = 1024;
