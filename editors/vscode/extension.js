// The whole extension: run `cpu32 dap` as the debug adapter, and let F5 in
// an .asm file debug that file without a launch.json. Plain JavaScript, so
// that `vsce package` needs no build step.
const vscode = require('vscode');

function activate(context) {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory('cpu32', {
      createDebugAdapterDescriptor(session) {
        const bin = vscode.workspace.getConfiguration('cpu32').get('path') || 'cpu32';
        // Relative paths in the launch configuration start at the workspace.
        const folder = session.workspaceFolder;
        return new vscode.DebugAdapterExecutable(bin, ['dap'], folder ? { cwd: folder.uri.fsPath } : {});
      },
    }),
    vscode.debug.registerDebugConfigurationProvider('cpu32', {
      resolveDebugConfiguration(folder, config) {
        if (!config.type && !config.request && !config.name) {
          const editor = vscode.window.activeTextEditor;
          if (editor && editor.document.languageId === 'cpu32-asm') {
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
    }),
  );
}

function deactivate() {}

module.exports = { activate, deactivate };
