#include "imageexport.h"
