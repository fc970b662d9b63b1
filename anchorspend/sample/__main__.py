import sys

from anchorspend.sample.generate import main

sys.exit(main())
