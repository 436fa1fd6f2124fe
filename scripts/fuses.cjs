// electron-builder afterPack hook: flips Electron's fuses in the packaged binary,
// switching off what an attacker with local access could use to run code as our app.
const path = require('node:path');

/** Fuse settings, by FuseV1Options name; shared with the unit test. */
const FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
};

/** The Electron binary inside the packed app folder, per platform. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const product = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${product}.app`);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${product}.exe`);
  return path.join(appOutDir, packager.executableName);
}

function fuseConfig(fuses, platform) {
  const { FuseVersion, FuseV1Options } = fuses;
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature: platform === 'darwin' };
  for (const [name, value] of Object.entries(FUSES)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`unknown Electron fuse ${name}`);
    config[index] = value;
  }
  return config;
}

async function afterPack(context) {
  const fuses = require('@electron/fuses');
  await fuses.flipFuses(electronBinaryPath(context), fuseConfig(fuses, context.electronPlatformName));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.electronBinaryPath = electronBinaryPath;
module.exports.fuseConfig = fuseConfig;
