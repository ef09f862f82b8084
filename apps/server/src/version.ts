import rootPackage from '../../../package.json' with { type: 'json' };

/** The release version of anzheng (root package.json). */
export const VERSION: string = rootPackage.version;
