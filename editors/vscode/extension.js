// The whole extension: run `cpu32 dap` as the debug adapter, found as
// findcpu32.js says, and let F5 in any .asm file debug that file without a
// launch.json. Plain JavaScript, so that `vsce package` needs no build step.
const vscode = require('vscode');
const { find, notFound } = require('./findcpu32');

// locate finds the binary for a session in folder (a WorkspaceFolder or
// undefined); when it is missing it shows an error with a button that
// opens the setting, and returns undefined.
function locate(folder) {
  const setting = vscode.workspace.getConfiguration('cpu32', folder && folder.uri).get('path');
  const dir = folder || (vscode.workspace.workspaceFolders || [])[0];
  const found = find(setting, { workspaceFolder: dir ? dir.uri.fsPath : undefined });
  if (found.path) {
    return found.path;
  }
  const open = 'Open Settings';
  vscode.window.showErrorMessage(notFound(setting, found.looked), open).then(choice => {
    if (choice === open) {
      vscode.commands.executeCommand('workbench.action.openSettings', 'cpu32.path');
    }
  });
  return undefined;
}

// isAsm reports whether a document is cpu32 assembly: its language, or a
// .asm file that another extension's language claims.
function isAsm(doc) {
  return doc.languageId === 'cpu32-asm' || doc.uri.fsPath.toLowerCase().endsWith('.asm');
}

// debugFile starts debugging a file, as F5 without a launch.json does.
function debugFile(uri) {
  const editor = vscode.window.activeTextEditor;
  const target = uri || (editor && editor.document.uri);
  if (!target) {
    return vscode.window.showErrorMessage('cpu32: open a .asm file to debug it');
  }
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), {
    type: 'cpu32', request: 'launch', name: 'Debug ' + target.fsPath.split(/[\\/]/).pop(),
    program: target.fsPath, stopOnEntry: true,
  });
}

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('cpu32.debugFile', debugFile),
    vscode.debug.registerDebugAdapterDescriptorFactory('cpu32', {
      createDebugAdapterDescriptor(session) {
        const bin = locate(session.workspaceFolder);
        if (!bin) {
          throw new Error('cpu32: the cpu32 binary was not found (see the setting cpu32.path)');
        }
        // Relative paths in the launch configuration start at the workspace.
        const folder = session.workspaceFolder;
        return new vscode.DebugAdapterExecutable(bin, ['dap'], folder ? { cwd: folder.uri.fsPath } : {});
      },
    }),
    vscode.debug.registerDebugConfigurationProvider('cpu32', {
      resolveDebugConfiguration(folder, config) {
        if (!config.type && !config.request && !config.name) {
          const editor = vscode.window.activeTextEditor;
          if (editor && isAsm(editor.document)) {
            config.type = 'cpu32';
            config.request = 'launch';
            config.name = 'Debug the current .asm file';
            config.program = '${file}';
            config.stopOnEntry = true;
          }
        }
        if (!config.program) {
          return vscode.window.showErrorMessage('cpu32: set "program" in the launch configuration').then(() => undefined);
        }
        return config;
      },
      // Checked before the adapter starts, so that a missing binary ends
      // in the error with its button, not in `spawn cpu32 ENOENT`.
      resolveDebugConfigurationWithSubstitutedVariables(folder, config) {
        return locate(folder) ? config : undefined;
      },
    }),
  );
}

function deactivate() {}

module.exports = { activate, deactivate, isAsm };
