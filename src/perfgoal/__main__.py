from perfgoal.cli import main

main()
