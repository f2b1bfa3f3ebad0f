from baolian.cli import main

main()
