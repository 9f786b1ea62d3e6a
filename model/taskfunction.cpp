#include "taskfunction.h"
