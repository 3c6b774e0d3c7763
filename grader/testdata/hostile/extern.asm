; declares a host function nobody provides
extern launch_missiles
        call launch_missiles
