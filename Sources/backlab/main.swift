import BacklabCLI

Backlab.runAndExit()
