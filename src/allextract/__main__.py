from allextract.cli import main

main()
