import BacklabCLI

Backlab.main()
